

  # The faults `give_away` and `set_heir`: this process, the table's owner, makes the
  # ETS call itself. Uncaught: from a non-owner, to itself or to a dead pid it raises
  # `badarg`. The new owner gets {:"ETS-TRANSFER", table, from, gift} (handle_info/2).
  def handle_cast({:give_away, table, to, gift}, state) do
    true = :ets.give_away(table, to, gift)
    {:noreply, state}
  end

  def handle_cast({:set_heir, table, heir, data}, state) do
    true = :ets.setopts(table, {:heir, heir, data})
    {:noreply, state}
  end
