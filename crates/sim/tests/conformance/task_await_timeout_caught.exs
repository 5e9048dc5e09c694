# A caught Task.await timeout: the caller goes on, the late result is lost
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_await_timeout_caught.json"))
