import AerospikeCore

extension UserKey {
    /// The particle type of the key, as the KEY field names it (the core's `typeCode`).
    public var particleType: ParticleType {
        // typeCode is always 1, 3 or 4, each a particle type.
        ParticleType(rawValue: typeCode)!
    }
}
