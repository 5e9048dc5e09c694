# Task.async: a caller that dies takes its task with it
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_linked_caller_exit.json"))
