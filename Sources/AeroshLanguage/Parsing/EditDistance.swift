/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions each cost 1, so `GTE` is one step from `GET`.
enum EditDistance {
    /// The candidate closest to `word` if it is close enough to be a typo of it.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        guard let best = candidates.map({ ($0, between(word, $0)) }).min(by: { $0.1 < $1.1 }),
              best.1 > 0, best.1 <= max(1, min(2, word.count / 2))
        else { return nil }
        return best.0
    }

    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
