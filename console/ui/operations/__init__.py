"""Operations on VMs, hosts and storage domains: what is allowed, which key, and how it is confirmed."""
