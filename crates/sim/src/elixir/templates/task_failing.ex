  # What a task does: it raises with probability fail_rate.
  defp task(state) do
    fn ->
      Playground.work(state.task_us)
      if :rand.uniform() < state.fail_rate, do: raise("task failed")
      :ok
    end
  end
