# :sys.trace on a counter: the *DBG* lines of a call and of a cast, none after trace off.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "sys_trace_call_cast.json"))
