# DynamicSupervisor: a temporary child is never restarted, a child with no restart given (permanent) is.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "dynamic_temporary.json"))
