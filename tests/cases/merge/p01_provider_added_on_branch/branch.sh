$G auth providers add p01 --client-id cid --client-secret s01 --scopes email $T
