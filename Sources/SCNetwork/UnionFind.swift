/// The root of `x`'s tree in a union-find forest stored as parent ids (a root is its own
/// parent), halving the path on the way: each visited entry is pointed at its grandparent.
/// Shared by the component recount's forest and the component bookkeeping's two forests.
@inline(__always)
func unionFindRoot(_ parent: UnsafeMutablePointer<Int32>, _ x: Int) -> Int {
    var x = x
    while Int(parent[x]) != x {
        let grandparent = parent[Int(parent[x])]
        parent[x] = grandparent
        x = Int(grandparent)
    }
    return x
}
