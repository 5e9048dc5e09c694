# ETS reads run in the reader's process: they never wait behind a busy owner, while a call to it times out.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "ets_reads_bypass_owner.json"))
