

  # The faults `register` and `unregister`: a Registry only ever registers the caller.
  def handle_cast({:register, registry, key}, state) do
    Registry.register(registry, key, nil)
    {:noreply, state}
  end

  def handle_cast({:unregister, registry, key}, state) do
    Registry.unregister(registry, key)
    {:noreply, state}
  end