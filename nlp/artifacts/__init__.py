"""Model folders (write, read, verify) and the registry file's typed reader."""
