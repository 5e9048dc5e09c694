  defp request(%{mode: :async_nolink} = state) do
    task = Task.Supervisor.async_nolink(state.target, task(state))
    Task.yield(task, state.timeout_ms) || Task.shutdown(task)
  end
