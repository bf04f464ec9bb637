/// What `HELP WHERE` prints: how to write a condition (a filter expression).
enum ConditionHelp {
    static let text = """
        WHERE condition
            A filter expression, evaluated on each record by the server (or the embedded store).
            On SELECT, a secondary index answers what it can (bin = value, integer bounds) and
            the rest is a filter; EXPLAIN SELECT shows which. On GET, EXISTS, the writes, OPERATE
            and BATCH statements, a record the condition is not true for is filtered out
            (AEROSPIKE_FILTERED_OUT, 27): no row, and a note in the footer.
          Comparisons:  = != <> < <= > >=   a BETWEEN x AND y   s LIKE '^regex$'   b IS [NOT] NULL
          Logic:        AND  OR  NOT  ( … )        Arithmetic:  + - * /  (integers or floats, not mixed)
          Metadata:     @ttl @void_time @last_update @since_update @record_size @set @key_exists
                        @is_tombstone @digest_modulo(n)
          Collections:  SIZE(bin)   list[0]   list[-1]   map['key']        Any bin name: BIN('a b')
          A bin is read as the type of what it is compared with (age > 18: an integer); a missing
          bin, or one of another type, makes the comparison false.
          Example: SELECT * FROM test.users WHERE age BETWEEN 18 AND 30 AND name LIKE '^A' AND @ttl > 3600

        """
}
