#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// What the disk allows a durable commit: COUNT times (default 2,000), write one 4 KiB page at
/// the end of a file in FOLDER (default the temporary folder) and `fsync` it, as a database's
/// commit writes its log and waits for it; prints the rate and the median and p99 of one call.
/// One writer committing one transfer at a time cannot beat this rate; group commit can.
///
///     swift run -c release DiskSync [FOLDER] [COUNT]
@main
struct DiskSync {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let folder = arguments.first ?? FileManager.default.temporaryDirectory.path
        guard arguments.count <= 2, let count = arguments.count == 2 ? Int(arguments[1]) : 2_000, count > 0 else {
            FileHandle.standardError.write(Data("usage: DiskSync [FOLDER] [COUNT]\n".utf8))
            exit(2)
        }
        let path = folder + "/disk-sync-\(getpid()).dat"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { fail("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor); unlink(path) }
        let page = [UInt8](repeating: 0x78, count: 4_096)
        var times: [Duration] = []
        times.reserveCapacity(count)
        let clock = ContinuousClock(), start = clock.now
        for _ in 0..<count {
            let begin = clock.now
            guard page.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == page.count else { fail("write: \(String(cString: strerror(errno)))") }
            guard fsync(descriptor) == 0 else { fail("fsync: \(String(cString: strerror(errno)))") }
            times.append(clock.now - begin)
        }
        let seconds = (clock.now - start) / .seconds(1)
        times.sort()
        func microseconds(_ d: Duration) -> String { String(format: "%.0f", d / .microseconds(1)) }
        print("\(count) writes of 4 KiB + fsync in \(folder): \(String(format: "%.0f", Double(count) / seconds))/s, "
              + "median \(microseconds(times[count / 2])) us, p99 \(microseconds(times[count * 99 / 100])) us")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("DiskSync: \(message)\n".utf8))
        exit(1)
    }
}
