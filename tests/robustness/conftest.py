import pytest
import torch


@pytest.fixture(scope="package", autouse=True)
def one_torch_thread():
    """
    These tests train and run small models in this process. On a 2-core machine that is busy with
    anything else, torch's second OpenMP thread makes them many times slower (an LSTM over 1,000 tokens
    took 20 s instead of 0.03 s), so they use one thread, and leave the setting as they found it.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
