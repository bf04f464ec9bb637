import AerospikeCore

/// LIST_INCREMENT and MAP_INCREMENT/DECREMENT arithmetic, as a server computes it: the
/// element keeps its type (an integer plus a float delta adds the delta's integer part),
/// an absent element takes the delta's type, and a missing delta means 1.
enum CDTArithmetic {
    static func add(_ delta: Value?, to current: Value?, negate: Bool = false) throws(AerospikeError) -> Value {
        var step: Value
        switch delta {
        case nil, .nil?: step = .int(1)
        case .int?, .double?: step = delta!
        case let other?: throw AerospikeError(.parameterError, message: "an increment takes an integer or a float, not \(other.typeName)")
        }
        if negate {
            switch step {
            case .int(let number): step = .int(0 &- number)
            case .double(let number): step = .double(-number)
            default: break
            }
        }
        switch (current, step) {
        case (nil, _): return step
        case (.int(let value)?, .int(let number)): return .int(value &+ number)
        case (.int(let value)?, .double(let number)): return .int(value &+ integerPart(number))
        case (.double(let value)?, .double(let number)): return .double(value + number)
        case (.double(let value)?, .int(let number)): return .double(value + Double(number))
        case (let other?, _):
            throw AerospikeError(.parameterError, message: "cannot increment \(other.typeName): only integers and floats")
        }
    }

    /// A float's integer part, saturated (a server converts it with a C cast).
    private static func integerPart(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.2e18 { return .max }
        if value <= -9.2e18 { return .min }
        return Int64(value)
    }
}
