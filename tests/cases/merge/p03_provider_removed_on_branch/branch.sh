$G auth providers remove p03 $T
