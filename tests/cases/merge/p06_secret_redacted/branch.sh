$G auth providers add discord --client-id c --client-secret s3cr3t-p06 $T
