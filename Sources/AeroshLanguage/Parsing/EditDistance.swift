/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions each cost 1, so `GTE` is one step from `GET`.
enum EditDistance {
    /// The candidate closest to `word` if it is close enough to be a typo of it (the first
    /// of equally close ones); nil when `word` is itself a candidate.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let letters = Array(word)
        let limit = max(1, min(2, letters.count / 2))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            // The distance is at least the difference in length: a candidate that far off
            // cannot be the answer, and a long mistyped word (a pasted value, fuzzed
            // input) must not cost a full table per keyword.
            guard abs(candidate.count - letters.count) <= limit else { continue }
            let distance = between(letters, Array(candidate))
            if distance == 0 { return nil }
            if distance <= limit, best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    static func between(_ a: String, _ b: String) -> Int {
        between(Array(a), Array(b))
    }

    static func between(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // One flat table, row by row (a row per letter of `a`).
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in 0...a.count { table[i * width] = i }
        for j in 0...b.count { table[j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1, table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = best
            }
        }
        return table[a.count * width + b.count]
    }
}
