# Task.yield gives nil and the caller goes on: the result still arrives, as a message
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_yield_leftover.json"))
