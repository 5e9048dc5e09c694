  defp request(%{mode: :ets} = state) do
    if state[:write_every] && rem(state.requests, state.write_every) == 0 do
      call(state)
    else
      :ets.lookup(state.table, :value)
    end
  end
