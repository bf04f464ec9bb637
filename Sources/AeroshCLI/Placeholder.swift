// Placeholder until this layer has code.
