import SCNetwork

/// A fixed-length array of unboxed values, allocated once for a whole run.
///
/// Phases run over blocks of citizens on several threads at once, each writing only its
/// own citizens' entries. A Swift `Array` would need uniqueness checks (and could copy)
/// on every write from a closure; a raw column has neither cost. The owner
/// (`Population`) frees it.
// @unchecked: see above; concurrent writers touch disjoint entries, and reads of other
// citizens' entries happen only in phases where nobody writes them.
@usableFromInline package struct Column<Element>: @unchecked Sendable {
    /// First element.
    @usableFromInline package let base: UnsafeMutablePointer<Element>
    /// Number of elements.
    @usableFromInline package let count: Int

    init(count: Int, initial: Element) {
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        base.initialize(repeating: initial, count: max(count, 1))
        self.count = count
    }

    func free() {
        base.deinitialize(count: max(count, 1))
        base.deallocate()
    }

    @inlinable
    package subscript(_ i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    /// Starts loading the cache line that holds entry `i` (a hint; changes nothing).
    ///
    /// A phase streams a dozen or more columns at once, more than the processor's stream
    /// detectors follow; asking for the lines a few dozen citizens ahead keeps the columns
    /// flowing (measured: the scoring pass 17% faster at a million citizens).
    @inlinable @inline(__always)
    package func prefetch(_ i: Int) {
        SCNetwork.prefetch(UnsafePointer(base + i))
    }

    /// Copies every element of `other` (same length) into this column.
    @usableFromInline package func copy(from other: Column<Element>) {
        base.update(from: other.base, count: count)
    }

    /// Sets every element to `value`.
    @usableFromInline package func fill(_ value: Element) {
        base.update(repeating: value, count: count)
    }

    /// The elements as a Swift array (tests, snapshots).
    @usableFromInline package var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
