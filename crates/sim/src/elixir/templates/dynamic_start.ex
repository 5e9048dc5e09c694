  def start_link(opts) do
    name = Keyword.take(opts, [:name])

    with {:ok, sup} <- DynamicSupervisor.start_link(__MODULE__, opts, name) do
      # The initial children, in order, right after the supervisor: a start that is
      # refused ({:error, :max_children}) or fails is skipped, as in the simulator.
      for child <- children(), do: DynamicSupervisor.start_child(sup, child)
      {:ok, sup}
    end
  end
