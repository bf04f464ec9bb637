import AerospikeCore

/// A filter expression written back in WHERE syntax, for EXPLAIN and footers.
public enum ExpressionText {
    public static func render(_ expression: Expression) -> String {
        render(expression, parent: 0)
    }

    /// `parent` is the binding strength around it: parenthesised when it binds looser.
    private static func render(_ expression: Expression, parent: Int) -> String {
        let (text, strength): (String, Int)
        switch expression {
        case .literal(let value):
            (text, strength) = (ValueLiteral.render(value), 9)
        case .bin(let name, _):
            (text, strength) = (name, 9)
        case .binType(let name):
            (text, strength) = ("BIN_TYPE(\(name))", 9)
        case .comparison(let op, .binType(let name), .literal(.int(0))) where op == .equal || op == .notEqual:
            (text, strength) = ("\(name) IS \(op == .equal ? "" : "NOT ")NULL", 4)
        case .comparison(let op, let a, let b):
            (text, strength) = ("\(render(a, parent: 5)) \(op == .notEqual ? "!=" : op.symbol) \(render(b, parent: 5))", 4)
        case .regex(let pattern, _, let subject):
            (text, strength) = ("\(render(subject, parent: 5)) LIKE \(ValueLiteral.render(Value.string(pattern)))", 4)
        case .and(let operands):
            (text, strength) = (operands.map { render($0, parent: 2) }.joined(separator: " AND "), 2)
        case .or(let operands):
            (text, strength) = (operands.map { render($0, parent: 1) }.joined(separator: " OR "), 1)
        case .not(let operand):
            (text, strength) = ("NOT \(render(operand, parent: 3))", 3)
        case .arithmetic(let op, let operands):
            let level = op == .add || op == .subtract ? 5 : 6
            (text, strength) = (operands.map { render($0, parent: level + 1) }.joined(separator: " \(op.symbol) "), level)
        case .metadata(let metadata):
            (text, strength) = (metadataText(metadata), 9)
        case .collection(let read):
            switch read.kind {
            case .listSize: (text, strength) = ("SIZE(\(read.bin))", 9)
            case .mapSize: (text, strength) = ("SIZE(\(read.bin))", 9)
            case .listValue(let index): (text, strength) = ("\(read.bin)[\(index)]", 9)
            case .mapValue(let key): (text, strength) = ("\(read.bin)[\(ValueLiteral.render(key))]", 9)
            }
        }
        return strength < parent ? "(\(text))" : text
    }

    private static func metadataText(_ metadata: MetadataExpression) -> String {
        switch metadata {
        case .digestModulo(let modulus): "@digest_modulo(\(modulus))"
        case .lastUpdate: "@last_update"
        case .sinceUpdate: "@since_update"
        case .voidTime: "@void_time"
        case .ttl: "@ttl"
        case .setName: "@set"
        case .keyExists: "@key_exists"
        case .isTombstone: "@is_tombstone"
        case .recordSize: "@record_size"
        }
    }
}
