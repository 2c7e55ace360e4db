"""Google USE multilingual v3: the encoder, its one-pass clause spans and the ONNX / torch dense backends."""
