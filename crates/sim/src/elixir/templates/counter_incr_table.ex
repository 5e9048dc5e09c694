  defp incr(state) do
    state = %{state | count: state.count + 1}
    if state[:table], do: :ets.insert(state.table, {:value, state.count})
    state
  end
