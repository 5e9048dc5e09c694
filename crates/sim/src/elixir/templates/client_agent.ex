  defp request(%{mode: :agent_get} = state),
    do: Agent.get(state.target, Playground.Agent.fun(& &1), state.timeout_ms)

  defp request(%{mode: :agent_update} = state),
    do: Agent.update(state.target, Playground.Agent.fun(&(&1 + 1)), state.timeout_ms)

  defp request(%{mode: :agent_get_and_update} = state),
    do: Agent.get_and_update(state.target, Playground.Agent.fun(&{&1, &1 + 1}), state.timeout_ms)

  defp request(%{mode: :agent_cast} = state),
    do: Agent.cast(state.target, Playground.Agent.fun(&(&1 + 1)))

  # Read-modify-write in the caller: another client's update between the get and the
  # update is lost.
  defp request(%{mode: :agent_get_then_update} = state) do
    n = Agent.get(state.target, Playground.Agent.fun(& &1), state.timeout_ms)
    Playground.work(state.work_us)
    Agent.update(state.target, Playground.Agent.fun(fn _ -> n + 1 end), state.timeout_ms)
  end
