# Mnesia updates several tables in one transaction: all or nothing. disc_copies tables
# live in RAM and are logged to disk (the schema must be on disk first).
:ok = :mnesia.create_schema([node()])
:ok = :mnesia.start()
{:atomic, :ok} = :mnesia.create_table(:accounts, attributes: [:id, :balance], disc_copies: [node()])
{:atomic, :ok} = :mnesia.create_table(:ledger, attributes: [:id, :entry], disc_copies: [node()])
:ok = :mnesia.wait_for_tables([:accounts, :ledger], 5_000)
:mnesia.table_info(:accounts, :storage_type)  #=> :disc_copies

pay = fn id, amount ->
  :mnesia.transaction(fn ->
    :mnesia.write({:ledger, make_ref(), {id, -amount}})
    [{:accounts, ^id, balance}] = :mnesia.read(:accounts, id)
    if balance < amount, do: :mnesia.abort(:insufficient_funds)
    :mnesia.write({:accounts, id, balance - amount})
  end)
end
{:atomic, :ok} = :mnesia.transaction(fn -> :mnesia.write({:accounts, 1, 100}) end)
pay.(1, 30)  #=> {:atomic, :ok}
pay.(1, 500)  #=> {:aborted, :insufficient_funds}

# The aborted payment left no ledger entry behind, although it was written first.
{:mnesia.table_info(:ledger, :size), :mnesia.dirty_read(:accounts, 1)}  #=> {1, [{:accounts, 1, 70}]}
:stopped = :mnesia.stop()
