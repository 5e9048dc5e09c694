  # The fault `call_stop`: the call is answered by stopping (the reply, if any, leaves
  # after terminate/2).
  @impl true
  def handle_call({:stop, reason}, _from, state) do
    Playground.work(state.service_us)
    {:stop, reason, state}
  end

  def handle_call({:stop, reason, reply}, _from, state) do
    Playground.work(state.service_us)
    {:stop, reason, reply, state}
  end

  def handle_call(request, _from, state) when request != :poison do
    Playground.work(state.service_us)
    state = if request == :incr, do: incr(state), else: state
    {:reply, state.count, state}
  end

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}{{registry_casts}}

  def handle_cast(request, state) when request != :poison do
    Playground.work(state.service_us)
    {:noreply, if(request == :incr, do: incr(state), else: state)}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  @impl true
  def handle_info(message, state) when message != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end
