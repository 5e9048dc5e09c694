# Tasks return values: Task.await hands the caller what the function returned
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_await_value.json"))
