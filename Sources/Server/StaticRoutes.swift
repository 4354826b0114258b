import Foundation
import Hummingbird
import MarketService
import SurplusCore

/// The routes outside `/v1`: liveness, metrics, the API's own document, the dashboard.
struct StaticRoutes {
    let service: MarketService
    /// This server's files (`openapi.yaml`, the dashboard), read once at start.
    let files: BundledFiles

    func add(to routes: inout RouteTable) {
        let service = service
        let files = files
        routes.on("/health", .get) { _, _ in
            .json(Health(status: "ok", version: ToolVersion.current))
        }
        routes.on("/metrics", .get) { _, _ in
            let text = await ServerMetrics.exposition(service: service)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        routes.on("/openapi.yaml", .get) { _, _ in
            files.response(files.openAPI, contentType: "application/yaml")
        }
        routes.on("/", .get) { _, _ in
            guard let page = files.dashboard["index.html"] else { throw ServiceError.notFound("file", "index.html") }
            return files.response(page.bytes, contentType: page.contentType)
        }
        routes.on("/dashboard/{file}", .get) { _, context in
            let name = try context.parameters.require("file")
            guard let file = files.dashboard[name] else { throw ServiceError.notFound("file", name, field: "file") }
            return files.response(file.bytes, contentType: file.contentType)
        }
    }
}

/// `GET /health`.
struct Health: Encodable {
    let status: String
    let version: String
}

/// The resources the server bundles (`Bundle.module`): its OpenAPI document and the files of
/// the `Dashboard` folder by name, each with its media type. Only these names are served, so no
/// request can reach another file.
struct BundledFiles: Sendable {
    struct File: Sendable {
        let bytes: Data
        let contentType: String
    }

    let openAPI: Data
    let dashboard: [String: File]

    /// Reads the bundle.
    /// - Throws: when the bundle lacks `openapi.yaml` (a broken build).
    static func load() throws -> BundledFiles {
        guard let spec = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "openapi.yaml"])
        }
        var dashboard: [String: File] = [:]
        if let folder = Bundle.module.url(forResource: "Dashboard", withExtension: nil) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                guard let bytes = try? Data(contentsOf: url) else { continue }  // a sub-folder
                let type = MediaType.getMediaType(forExtension: url.pathExtension)?.description ?? "application/octet-stream"
                dashboard[name] = File(bytes: bytes, contentType: type)
            }
        }
        return BundledFiles(openAPI: try Data(contentsOf: spec), dashboard: dashboard)
    }

    func response(_ bytes: Data, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
