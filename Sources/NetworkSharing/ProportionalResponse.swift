import SurplusCore

/// Proportional response in its streaming form.
///
/// A round of proportional response, b'_ij = w_i b_ji / u_i (Wu & Zhang 2007), reads every entry
/// through its reverse: a random gather over the whole edge array, which is what limits it on a
/// large graph. Two rounds compose without it. Write a_t[e] for the value agent i *received*
/// along its entry e = (i -> j) at round t (a_t[e] = b_t[reverse e]) and g_i(t) = w_i / u_i(t).
/// Then b_{t+1}[e] = g_i(t) a_t[e] and
///
///     a_{t+1}[e] = g_j(t) b_t[e] = a_{t-1}[e] * g_j(t) * g_i(t-1),
///
/// so a round streams through two arrays in row order and reads only the per-agent array g at
/// random (800 KB at 100,000 agents, cache-resident), and u_i(t+1) is a contiguous row sum.
/// The values are those of the plain rounds up to rounding; the certificate is always computed
/// on the allocation rebuilt exactly (`materialize`). Valid while every agent of positive weight
/// receives something (true from any allocation with positive shares: entries that are positive
/// stay positive).
extension Workspace {
    /// Starts the streaming form from the current allocation b_0 (which becomes the previous
    /// round): computes a_0 by one gather, g(0), and a_1 = g_j(0) b_0. Returns false (and
    /// changes nothing) if an agent of positive weight receives nothing at round 0 or 1.
    func beginProportionalResponse() -> Bool {
        let rs = UnsafeSendable(rowStart), rev = UnsafeSendable(reverse), nb = UnsafeSendable(neighbours)
        let w = UnsafeSendable(weights), b = UnsafeSendable(sent)
        let aPrev = UnsafeSendable(receivedPrevious), aCur = UnsafeSendable(receivedCurrent)
        let gPrev = UnsafeSendable(gainPrevious), gCur = UnsafeSendable(gainCurrent)
        // a_0 and g(0).
        forEachChunk { _, rows in
            for i in rows {
                var total = 0.0
                for e in rs.value[i]..<rs.value[i + 1] {
                    let x = b.value[Int(rev.value[e])]
                    aPrev.value[e] = x
                    total += x
                }
                gPrev.value[i] = Workspace.gain(weight: w.value[i], received: total)
            }
        }
        // a_1[e] = g_j(0) b_0[e], and g(1).
        forEachChunk { _, rows in
            for i in rows {
                var total = 0.0
                for e in rs.value[i]..<rs.value[i + 1] {
                    let x = gPrev.value[Int(nb.value[e])] * b.value[e]
                    aCur.value[e] = x
                    total += x
                }
                gCur.value[i] = Workspace.gain(weight: w.value[i], received: total)
            }
        }
        for i in 0..<n where !(gainPrevious[i].isFinite && gainCurrent[i].isFinite) { return false }
        streamingRound = 1
        return true
    }

    /// g_i = w_i / u_i (0 for an agent of weight 0; infinity flags one that receives nothing).
    @inline(__always)
    static func gain(weight: Double, received: Double) -> Double {
        weight > 0 ? (received > 0 ? weight / received : .infinity) : 0
    }

    /// One proportional-response round in the streaming form (after `beginProportionalResponse`).
    /// Allocation-free apart from the constant bookkeeping of `Parallel.map`.
    func streamingProportionalResponseRound() {
        let rs = UnsafeSendable(rowStart), nb = UnsafeSendable(neighbours), w = UnsafeSendable(weights)
        let aPrev = UnsafeSendable(receivedPrevious)
        let gPrev = UnsafeSendable(gainPrevious), gCur = UnsafeSendable(gainCurrent), gNext = UnsafeSendable(gainNext)
        forEachChunk { _, rows in
            let a = aPrev.value.baseAddress!, neighbours = nb.value.baseAddress!
            let gCur = gCur.value.baseAddress!, rowStart = rs.value.baseAddress!
            for i in rows {
                let own = gPrev.value[i]
                var total = 0.0
                for e in rowStart[i]..<rowStart[i + 1] {
                    let x = a[e] * gCur[Int(neighbours[e])] * own
                    a[e] = x
                    total += x
                }
                gNext.value[i] = Workspace.gain(weight: w.value[i], received: total)
            }
        }
        // a_{t+1} overwrote a_{t-1}: rotate the roles.
        swap(&receivedPrevious, &receivedCurrent)
        let oldest = gainPrevious
        gainPrevious = gainCurrent
        gainCurrent = gainNext
        gainNext = oldest
        streamingRound += 1
    }

    /// Writes the current round's allocation b_t[e] = g_i(t-1) a_{t-1}[e] to `sent` and its
    /// utilities, recomputed exactly from it, to `utilities`.
    func materializeProportionalResponse() {
        let rs = UnsafeSendable(rowStart), b = UnsafeSendable(sent)
        let aPrev = UnsafeSendable(receivedPrevious), gPrev = UnsafeSendable(gainPrevious)
        forEachChunk { _, rows in
            for i in rows {
                let g = gPrev.value[i]
                for e in rs.value[i]..<rs.value[i + 1] { b.value[e] = g * aPrev.value[e] }
            }
        }
        computeUtilities()
    }
}
