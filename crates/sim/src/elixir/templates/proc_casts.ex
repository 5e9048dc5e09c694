

  # The faults `link`, `unlink`, `monitor`, `demonitor`, `trap_exit`, `exit_self` and
  # `process_exit`: calls this process makes itself. Uncaught: `Process.link/1` to a dead
  # pid raises `noproc` here unless the process traps exits.
  def handle_cast({:link, pid}, state), do: (Process.link(pid); {:noreply, state})
  def handle_cast({:unlink, pid}, state), do: (Process.unlink(pid); {:noreply, state})

  def handle_cast({:monitor, pid}, state) do
    ref = Process.monitor(pid)
    {:noreply, Map.update(state, :monitors, [{ref, pid}], &[{ref, pid} | &1])}
  end

  def handle_cast({:demonitor, pid}, state) do
    {gone, kept} = Enum.split_with(Map.get(state, :monitors, []), fn {_, p} -> p == pid end)
    Enum.each(gone, fn {ref, _} -> Process.demonitor(ref) end)
    {:noreply, Map.put(state, :monitors, kept)}
  end

  def handle_cast({:trap_exit, on}, state), do: (Process.flag(:trap_exit, on); {:noreply, state})
  def handle_cast({:exit_self, reason}, _state), do: exit(reason)

  def handle_cast({:process_exit, pid, reason}, state),
    do: (Process.exit(pid, reason); {:noreply, state})
