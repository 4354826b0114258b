import Foundation

/// Why a file or folder could not be written, in words (Foundation's own text is
/// `NSCocoaErrorDomain error 512` on Linux).
enum FileProblem {
    /// The reason writing under `path` failed: the nearest existing ancestor that is a file or
    /// is not writable, or the system's message for the underlying error.
    static func describe(_ error: Error, under path: String) -> String {
        let manager = FileManager.default
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while url.path != "/" {
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: url.path, isDirectory: &isFolder) {
                if !isFolder.boolValue { return "'\(url.path)' is a file, not a folder" }
                if !manager.isWritableFile(atPath: url.path) { return "no permission to write in '\(url.path)'" }
                break
            }
            url.deleteLastPathComponent()
        }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedFailureReason ?? ns.localizedDescription
    }
}
