# handle_call returning {:stop, reason, reply, state} or {:stop, reason, state}: when the caller gets the reply, and what it gets without one.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "call_stop_reply_after_terminate.json"))
