  defp request(%{mode: :dispatch} = state) do
    Registry.dispatch(state.target, state.key, fn entries ->
      for {pid, _value} <- entries, do: send(pid, state.request)
    end)
  end
