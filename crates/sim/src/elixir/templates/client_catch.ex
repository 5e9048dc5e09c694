  defp call(%{catch_timeout: true} = state) do
    GenServer.call(state.target, state.request, state.timeout_ms)
  catch
    :exit, {:timeout, _} -> :timeout
  end
