import AerospikeCore

/// The types of a condition's operands: a bin (or list/map element) is read as the type of
/// what it is compared with; what cannot be typed, or mixes types, is a syntax error.
extension Parser {
    /// The operand as a condition: a boolean expression, or a bare bin read as a boolean.
    func condition(_ operand: ExpressionOperand) throws(SyntaxError) -> Expression {
        switch operand.form {
        case .typed(let expression, .bool): return expression
        case .bin(let name): return .bin(name, .bool)
        case .element(let kind, let bin): return .collection(CollectionRead(kind, bin: bin, type: .bool))
        case .typed(_, let type):
            throw SyntaxError("expected a condition (a comparison, LIKE, IS NULL, AND, OR, NOT), found \(Parser.article(type)) value", range: operand.range)
        case .size:
            throw SyntaxError("SIZE(…) is a number: compare it, as in SIZE(tags) > 2", range: operand.range)
        }
    }

    func compare(_ op: ComparisonOperator, _ left: ExpressionOperand, _ right: ExpressionOperand, at token: Token) throws(SyntaxError) -> ExpressionOperand {
        let range = left.range.lowerBound..<right.range.upperBound
        // SIZE(x) reads a list's or a map's size: either may hold.
        if case .size(let bin) = left.form {
            let other = try resolve(right, as: .int, purpose: "SIZE(\(bin)) is an integer")
            return try nested(.typed(Parser.sizeTest(op, bin, other, sizeFirst: true), .bool), range, over: [right], at: token)
        }
        if case .size(let bin) = right.form {
            let other = try resolve(left, as: .int, purpose: "SIZE(\(bin)) is an integer")
            return try nested(.typed(Parser.sizeTest(op, bin, other, sizeFirst: false), .bool), range, over: [left], at: token)
        }
        let type: ExpressionType
        switch (left.type, right.type) {
        case (let a?, let b?):
            guard a == b else {
                let hint = Set([a, b]) == [.int, .float] ? " (write 5.0 for a float, 5 for an integer: a server never compares the two)" : ""
                throw SyntaxError("cannot compare \(Parser.article(a)) with \(Parser.article(b))\(hint)", range: range)
            }
            type = a
        case (let a?, nil): type = a
        case (nil, let b?): type = b
        case (nil, nil):
            throw SyntaxError("cannot tell what type to read both sides as: compare a bin with a value (v = 5, name = 'x')", range: range)
        }
        guard type != .nil else {
            throw SyntaxError("nothing equals NULL: ask whether a bin exists with IS NULL or IS NOT NULL", at: token.range.lowerBound)
        }
        let a = try resolve(left, as: type, purpose: "")
        let b = try resolve(right, as: type, purpose: "")
        return try nested(.typed(.comparison(op, a, b), .bool), range, over: [left, right], at: token)
    }

    /// An operand built over `parts`, one level deeper than the deepest of them. Past the
    /// limit it is a syntax error at `token`: a chain such as `v + 1 + 1 …` or `NOT NOT …`
    /// parses in a loop, but the expression it builds nests a level per operator, and
    /// encoding, evaluating or even freeing one nested 100,000 deep would overflow the stack.
    func nested(_ form: ExpressionOperand.Form, _ range: Range<Int>, over parts: [ExpressionOperand], at token: Token) throws(SyntaxError) -> ExpressionOperand {
        let depth = (parts.map(\.depth).max() ?? 0) + 1
        guard depth <= Parser.maxValueDepth else {
            throw SyntaxError("a condition nests more than \(Parser.maxValueDepth) levels deep", at: token.range.lowerBound)
        }
        return ExpressionOperand(form, range, depth: depth)
    }

    private static func sizeTest(_ op: ComparisonOperator, _ bin: String, _ other: Expression, sizeFirst: Bool) -> Expression {
        let sizes = [CollectionRead(.listSize, bin: bin, type: .int), CollectionRead(.mapSize, bin: bin, type: .int)]
        // A list size on a map bin (or the reverse) is unknown, so one of the two decides.
        return .or(sizes.map { size in
            sizeFirst ? .comparison(op, .collection(size), other) : .comparison(op, other, .collection(size))
        })
    }

    func arithmetic(_ op: ArithmeticOperator, _ left: ExpressionOperand, _ right: ExpressionOperand, at token: Token) throws(SyntaxError) -> ExpressionOperand {
        let range = left.range.lowerBound..<right.range.upperBound
        var type: ExpressionType
        switch (left.type, right.type) {
        case (let a?, let b?):
            guard a == b else { throw SyntaxError("'\(op.symbol)' needs two integers or two floats, not \(Parser.article(a)) and \(Parser.article(b))", range: range) }
            type = a
        case (let a?, nil): type = a
        case (nil, let b?): type = b
        case (nil, nil):
            if case .size = left.form { type = .int } else if case .size = right.form { type = .int } else {
                throw SyntaxError("cannot tell whether to read integers or floats: add a value (v + 0 or v + 0.0)", range: range)
            }
        }
        guard type == .int || type == .float else {
            throw SyntaxError("'\(op.symbol)' works on numbers, not on \(Parser.article(type)) value", range: range)
        }
        let a = try resolve(left, as: type, purpose: "")
        let b = try resolve(right, as: type, purpose: "")
        return try nested(.typed(.arithmetic(op, [a, b]), type), range, over: [left, right], at: token)
    }

    /// The operand read as `type`: a bin or element takes it; a typed operand must have it.
    func resolve(_ operand: ExpressionOperand, as type: ExpressionType, purpose: String) throws(SyntaxError) -> Expression {
        switch operand.form {
        case .typed(let expression, let found):
            guard found == type else {
                let why = purpose.isEmpty ? "" : ": \(purpose)"
                throw SyntaxError("expected \(Parser.article(type)) here, found \(Parser.article(found))\(why)", range: operand.range)
            }
            return expression
        case .bin(let name):
            return .bin(name, type)
        case .element(let kind, let bin):
            return .collection(CollectionRead(kind, bin: bin, type: type))
        case .size(let bin):
            guard type == .int else { throw SyntaxError("SIZE(\(bin)) is an integer, not \(Parser.article(type))", range: operand.range) }
            // Within arithmetic a size is read as a list's (the common case).
            return .collection(CollectionRead(.listSize, bin: bin, type: .int))
        }
    }

    static func article(_ type: ExpressionType) -> String {
        switch type {
        case .int: "an integer"
        case .nil: "NULL"
        default: "a \(type.name)"
        }
    }
}

/// An operand of a condition while it is parsed: a bin or list/map element is only read as
/// a type once the parser sees what it is compared with.
struct ExpressionOperand {
    enum Form {
        case typed(Expression, ExpressionType)
        case bin(String)
        case element(CollectionRead.Kind, bin: String)
        /// `SIZE(bin)`: a list's or a map's size.
        case size(String)
    }

    var form: Form
    var range: Range<Int>
    /// How many expressions nest in it, itself included: at most `Parser.maxValueDepth`
    /// (`Parser.nested` sees to that).
    var depth: Int

    init(_ form: Form, _ range: Range<Int>, depth: Int = 1) {
        self.form = form
        self.range = range
        self.depth = depth
    }

    /// The known type, nil while it depends on the context.
    var type: ExpressionType? {
        switch form {
        case .typed(_, let type): type
        case .size: .int
        case .bin, .element: nil
        }
    }
}
