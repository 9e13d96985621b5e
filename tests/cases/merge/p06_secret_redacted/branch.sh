$G auth providers add p06 --client-id c --client-secret s3cr3t-p06 $T
