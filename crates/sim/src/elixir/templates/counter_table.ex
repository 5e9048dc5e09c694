    if table = state[:table] do
      :ets.new(table, [:named_table, :protected, read_concurrency: true])
      :ets.insert(table, {:value, 0})
    end
