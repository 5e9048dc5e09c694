# Cleanup is asynchronous: with the registry suspended, lookup returns a dead pid while a via call already exits :noproc; after resume the key is gone.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "registry_cleanup_async.json"))
