"""The scheduled pipeline: a round decides what is due and queues typed drafts; the sender renders them on claim."""
