public enum AeroshVersion {
    public static let current = "0.1.0"
}
