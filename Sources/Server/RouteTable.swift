import HTTPTypes
import Hummingbird

/// The router and the methods each path takes: a known path asked for with another method is
/// 405 with `Allow` (the router alone answers 404), and HEAD answers every GET.
struct RouteTable {
    let router: Router<BasicRequestContext>
    private var paths: [(path: String, methods: [HTTPRequest.Method])] = []

    init(router: Router<BasicRequestContext>) { self.router = router }

    /// Adds the route `method path`.
    mutating func on(
        _ path: String, _ method: HTTPRequest.Method,
        use handler: @Sendable @escaping (Request, BasicRequestContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        if let index = paths.firstIndex(where: { $0.path == path }) {
            paths[index].methods.append(method)
        } else {
            paths.append((path, [method]))
        }
    }

    /// Refuses the other common methods on every path added so far with 405.
    func refuseOtherMethods() {
        for (path, allowed) in paths {
            var refused: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .options]
            if !allowed.contains(.get) { refused.append(.head) }
            for method in refused where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw MethodNotAllowed(allowed: allowed) }
            }
        }
    }
}
