import CPrefetch

/// Asks the processor to start loading the cache line holding `pointer` (a hint; it
/// changes no value). See `AdjacencyView.prefetchNeighbours(of:in:)`.
@inlinable @inline(__always)
public func prefetch<T>(_ pointer: UnsafePointer<T>) {
    scsim_prefetch(UnsafeRawPointer(pointer))
}

extension AdjacencyView {
    /// How many citizens ahead a pass over friends asks for their records: far enough that
    /// a miss to memory (about 100 ns) has landed when the pass gets there.
    public static let prefetchDistance = 8

    /// How many citizens ahead a pass asks for the lines of the columns it streams (eight
    /// lines of a column of 8-byte values).
    public static let streamDistance = 64

    /// Starts loading `column[j]` for every friend j of `i`, and `i`'s own neighbour list
    /// one distance further on (lists that moved on growing sit out of order).
    @inlinable @inline(__always)
    public func prefetchNeighbours<T>(of i: Int, in column: UnsafePointer<T>) {
        for j in neighbors(i) { prefetch(column + Int(j)) }
    }

    /// Starts loading `i`'s neighbour list.
    @inlinable @inline(__always)
    public func prefetchList(of i: Int) {
        prefetch(slots + start[i])
    }
}
