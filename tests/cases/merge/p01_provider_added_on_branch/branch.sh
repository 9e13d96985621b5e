$G auth providers add gitlab --client-id cid --client-secret s01 --scopes email $T
