  # What a task does.
  defp task(state) do
    fn ->
      Playground.work(state.task_us)
      :ok
    end
  end
