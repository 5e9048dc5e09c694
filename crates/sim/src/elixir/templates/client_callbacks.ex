  @impl true
  def handle_info(:tick, state) do
    state = %{state | requests: state.requests + 1}
    request(state)
    schedule(state)
    {:noreply, state}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  def handle_info(message, state) when message != :poison, do: {:noreply, state}

  # A client answers no call: its caller times out.
  @impl true
  def handle_call(request, _from, state) when request != :poison, do: {:noreply, state}

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}{{registry_casts}}
  def handle_cast(request, state) when request != :poison, do: {:noreply, state}
