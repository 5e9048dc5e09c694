# gen_statem: a call left without a reply times out in the caller, naming :gen_statem.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_call_no_reply.json"))
