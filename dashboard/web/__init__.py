"""HTTP plumbing: security headers and checks, compression, the shared render cache, request logs.
Imports pages and below."""
