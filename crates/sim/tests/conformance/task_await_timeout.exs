# Task.await timeout: the caller exits and its linked task goes with it
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_await_timeout.json"))
