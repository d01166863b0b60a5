	.text
	.file	"tiny"
	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI0_0:
	.long	0x7fffffff
.LCPI0_1:
	.long	0x3ca9134e
.LCPI0_2:
	.long	0xbbbaf0ea
.LCPI0_3:
	.long	0xbd5c1e2d
.LCPI0_4:
	.long	0x3e088393
.LCPI0_5:
	.long	0xbeaaaa99
.LCPI0_6:
	.long	0xc0000000
.LCPI0_7:
	.long	0x42b170a4
.LCPI0_8:
	.long	0x3fb8aa3b
.LCPI0_9:
	.long	0x3f000000
.LCPI0_10:
	.long	0x395e8083
.LCPI0_11:
	.long	0xbf318000
.LCPI0_12:
	.long	0x3ab743ce
.LCPI0_13:
	.long	0x39506967
.LCPI0_14:
	.long	0x3c088908
.LCPI0_15:
	.long	0x3d2aa9c1
.LCPI0_16:
	.long	0x3e2aaaaa
.LCPI0_17:
	.long	0x3f800000
.LCPI0_18:
	.long	0x3f200000
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI0_19:
	.zero	32
	.text
	.globl	k0_enc
	.p2align	4, 0x90
	.type	k0_enc,@function
k0_enc:
	subq	$232, %rsp
	movq	(%rdi), %rcx
	movq	24(%rdi), %rdx
	movq	40(%rdi), %rax
	movq	32(%rdi), %rsi
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, (%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 4(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 8(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 12(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 16(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 20(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 24(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 28(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 32(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 36(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 40(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 44(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 48(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 52(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 56(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 60(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 64(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 68(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 72(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 76(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 80(%rax)
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, 84(%rax)
	vmovss	4(%rsi), %xmm0
	vmovss	%xmm0, 88(%rax)
	vmovss	8(%rsi), %xmm0
	vmovss	%xmm0, 92(%rax)
	movl	$8, %esi
	.p2align	4, 0x90
.LBB0_1:
	vmovss	-8(%rcx,%rsi), %xmm0
	vmulss	(%rdx), %xmm0, %xmm0
	vaddss	-8(%rax,%rsi), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rax,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm1
	vmulss	12(%rdx), %xmm1, %xmm1
	vaddss	-4(%rax,%rsi), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rax,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm2
	vmulss	24(%rdx), %xmm2, %xmm2
	vaddss	(%rax,%rsi), %xmm2, %xmm2
	vmovss	%xmm2, (%rax,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	4(%rdx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rax,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	16(%rdx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rax,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	28(%rdx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rax,%rsi)
	vmovss	(%rcx,%rsi), %xmm3
	vmulss	8(%rdx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rax,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	20(%rdx), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rax,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	32(%rdx), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rax,%rsi)
	addq	$12, %rsi
	cmpq	$104, %rsi
	jne	.LBB0_1
	xorl	%ecx, %ecx
	vbroadcastss	.LCPI0_0(%rip), %ymm0
	vbroadcastss	.LCPI0_1(%rip), %ymm1
	vmovups	%ymm1, 192(%rsp)
	vbroadcastss	.LCPI0_2(%rip), %ymm1
	vmovups	%ymm1, 160(%rsp)
	vbroadcastss	.LCPI0_3(%rip), %ymm1
	vmovups	%ymm1, 128(%rsp)
	vbroadcastss	.LCPI0_4(%rip), %ymm1
	vmovups	%ymm1, 96(%rsp)
	vbroadcastss	.LCPI0_5(%rip), %ymm1
	vmovups	%ymm1, 64(%rsp)
	vbroadcastss	.LCPI0_6(%rip), %ymm1
	vmovups	%ymm1, 32(%rsp)
	vbroadcastss	.LCPI0_7(%rip), %ymm7
	vbroadcastss	.LCPI0_8(%rip), %ymm1
	vmovups	%ymm1, (%rsp)
	vbroadcastss	.LCPI0_9(%rip), %ymm9
	vbroadcastss	.LCPI0_10(%rip), %ymm1
	vmovups	%ymm1, -32(%rsp)
	vbroadcastss	.LCPI0_11(%rip), %ymm1
	vmovups	%ymm1, -64(%rsp)
	vbroadcastss	.LCPI0_12(%rip), %ymm1
	vmovups	%ymm1, -96(%rsp)
	vbroadcastss	.LCPI0_13(%rip), %ymm1
	vmovups	%ymm1, -128(%rsp)
	vbroadcastss	.LCPI0_14(%rip), %ymm14
	vbroadcastss	.LCPI0_15(%rip), %ymm15
	vbroadcastss	.LCPI0_16(%rip), %ymm1
	vbroadcastss	.LCPI0_17(%rip), %ymm3
	vpbroadcastd	.LCPI0_9(%rip), %ymm2
	vbroadcastss	.LCPI0_18(%rip), %ymm4
	.p2align	4, 0x90
.LBB0_3:
	vmovups	(%rax,%rcx,4), %ymm5
	vandps	%ymm0, %ymm5, %ymm6
	vaddps	%ymm6, %ymm6, %ymm8
	vminps	%ymm8, %ymm7, %ymm10
	vmulps	(%rsp), %ymm10, %ymm11
	vaddps	%ymm9, %ymm11, %ymm11
	vroundps	$9, %ymm11, %ymm11
	vmulps	-32(%rsp), %ymm11, %ymm12
	vmulps	-64(%rsp), %ymm11, %ymm13
	vaddps	%ymm13, %ymm10, %ymm10
	vaddps	%ymm10, %ymm12, %ymm10
	vmovups	-128(%rsp), %ymm12
	vfmadd213ps	-96(%rsp), %ymm10, %ymm12
	vfmadd213ps	%ymm14, %ymm10, %ymm12
	vfmadd213ps	%ymm15, %ymm10, %ymm12
	vfmadd213ps	%ymm1, %ymm10, %ymm12
	vfmadd213ps	%ymm9, %ymm10, %ymm12
	vmulps	%ymm10, %ymm10, %ymm13
	vmulps	%ymm12, %ymm13, %ymm12
	vaddps	%ymm12, %ymm10, %ymm10
	vaddps	%ymm3, %ymm10, %ymm10
	vcvttps2dq	%ymm11, %ymm11
	vpslld	$23, %ymm11, %ymm11
	vpaddd	%ymm2, %ymm11, %ymm11
	vaddps	%ymm10, %ymm10, %ymm10
	vmulps	%ymm11, %ymm10, %ymm10
	vmulps	%ymm5, %ymm5, %ymm11
	vaddps	%ymm3, %ymm10, %ymm10
	vmovups	32(%rsp), %ymm12
	vdivps	%ymm10, %ymm12, %ymm10
	vcmpltps	%ymm8, %ymm7, %ymm8
	vaddps	%ymm3, %ymm10, %ymm10
	vblendvps	%ymm8, %ymm3, %ymm10, %ymm8
	vmovups	160(%rsp), %ymm10
	vfmadd213ps	192(%rsp), %ymm11, %ymm10
	vfmadd213ps	128(%rsp), %ymm11, %ymm10
	vfmadd213ps	96(%rsp), %ymm11, %ymm10
	vfmadd213ps	64(%rsp), %ymm11, %ymm10
	vmulps	%ymm10, %ymm11, %ymm10
	vandps	%ymm0, %ymm8, %ymm8
	vandnps	%ymm5, %ymm0, %ymm11
	vorps	%ymm11, %ymm8, %ymm8
	vcmpunordps	.LCPI0_19(%rip), %ymm5, %ymm11
	vblendvps	%ymm11, %ymm5, %ymm8, %ymm8
	vmulps	%ymm5, %ymm10, %ymm10
	vaddps	%ymm5, %ymm10, %ymm5
	vcmpltps	%ymm4, %ymm6, %ymm6
	vblendvps	%ymm6, %ymm5, %ymm8, %ymm5
	vmovups	%ymm5, (%rax,%rcx,4)
	addq	$8, %rcx
	cmpq	$24, %rcx
	jne	.LBB0_3
	addq	$232, %rsp
	vzeroupper
	retq
.Lfunc_end0:
	.size	k0_enc, .Lfunc_end0-k0_enc

	.globl	k1_enc2
	.p2align	4, 0x90
	.type	k1_enc2,@function
k1_enc2:
	movq	24(%rdi), %rax
	movq	40(%rdi), %rcx
	movq	48(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, 64(%rdx)
	vmovups	%ymm0, 32(%rdx)
	vmovups	%ymm0, (%rdx)
	movl	$8, %esi
	.p2align	4, 0x90
.LBB1_1:
	vmovss	-8(%rcx,%rsi), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx,%rsi), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm1
	vmulss	12(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx,%rsi), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm2
	vmulss	24(%rax), %xmm2, %xmm2
	vaddss	(%rdx,%rsi), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	4(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	28(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm3
	vmulss	8(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	20(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	32(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx,%rsi)
	addq	$12, %rsi
	cmpq	$104, %rsi
	jne	.LBB1_1
	vzeroupper
	retq
.Lfunc_end1:
	.size	k1_enc2, .Lfunc_end1-k1_enc2

	.globl	k2_head
	.p2align	4, 0x90
	.type	k2_head,@function
k2_head:
	movq	56(%rdi), %rax
	movq	80(%rdi), %rcx
	movq	96(%rdi), %rdx
	movq	88(%rdi), %rsi
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	(%rsi), %xmm1
	vmovss	%xmm1, 4(%rdx)
	vmovss	(%rax), %xmm2
	vmulss	(%rcx), %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	4(%rax), %xmm2
	vmulss	4(%rcx), %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	8(%rax), %xmm2
	vmulss	8(%rcx), %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	12(%rax), %xmm0
	vmulss	(%rcx), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	16(%rax), %xmm1
	vmulss	4(%rcx), %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	20(%rax), %xmm1
	vmulss	8(%rcx), %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 4(%rdx)
	retq
.Lfunc_end2:
	.size	k2_head, .Lfunc_end2-k2_head

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI3_0:
	.long	0x80000000
.LCPI3_1:
	.long	0xc2b170a4
.LCPI3_2:
	.long	0x42b170a4
.LCPI3_3:
	.long	0x42ae999a
.LCPI3_4:
	.long	0xc2ae999a
.LCPI3_5:
	.long	0x3fb8aa3b
.LCPI3_6:
	.long	0x3f000000
.LCPI3_7:
	.long	0x395e8083
.LCPI3_8:
	.long	0x3f318000
.LCPI3_9:
	.long	0x3ab743ce
.LCPI3_10:
	.long	0x39506967
.LCPI3_11:
	.long	0x3c088908
.LCPI3_12:
	.long	0x3d2aa9c1
.LCPI3_13:
	.long	0x3e2aaaaa
.LCPI3_14:
	.long	0x3f800000
	.text
	.globl	k3_prob
	.p2align	4, 0x90
	.type	k3_prob,@function
k3_prob:
	movq	96(%rdi), %rax
	vmovss	(%rax), %xmm4
	vbroadcastss	.LCPI3_0(%rip), %xmm10
	vmovss	.LCPI3_1(%rip), %xmm11
	vmovss	.LCPI3_2(%rip), %xmm12
	vmovss	.LCPI3_3(%rip), %xmm0
	vmovss	.LCPI3_4(%rip), %xmm13
	vmovss	.LCPI3_5(%rip), %xmm14
	vmovss	.LCPI3_6(%rip), %xmm2
	vucomiss	%xmm4, %xmm11
	vmovss	.LCPI3_7(%rip), %xmm8
	vmovss	.LCPI3_8(%rip), %xmm9
	vmovss	.LCPI3_10(%rip), %xmm3
	vmovss	.LCPI3_14(%rip), %xmm1
	vxorps	%xmm15, %xmm15, %xmm15
	vxorps	%xmm6, %xmm6, %xmm6
	jbe	.LBB3_1
	vmovss	4(%rax), %xmm5
	vucomiss	%xmm0, %xmm4
	vmovaps	%xmm1, %xmm4
	jbe	.LBB3_3
.LBB3_4:
	vmovss	%xmm4, (%rax)
	vucomiss	%xmm5, %xmm11
	jbe	.LBB3_5
.LBB3_6:
	vucomiss	%xmm0, %xmm5
	jbe	.LBB3_7
.LBB3_8:
	vmovss	%xmm1, 4(%rax)
	retq
.LBB3_1:
	vxorps	%xmm4, %xmm10, %xmm5
	vcmpltss	%xmm11, %xmm4, %xmm6
	vblendvps	%xmm6, %xmm12, %xmm5, %xmm5
	vcmpltss	%xmm4, %xmm0, %xmm6
	vblendvps	%xmm6, %xmm13, %xmm5, %xmm5
	vmulss	%xmm5, %xmm14, %xmm6
	vaddss	%xmm2, %xmm6, %xmm6
	vroundss	$9, %xmm6, %xmm6, %xmm6
	vcvttss2si	%xmm6, %ecx
	vmulss	%xmm6, %xmm8, %xmm7
	vmulss	%xmm6, %xmm9, %xmm6
	vsubss	%xmm6, %xmm5, %xmm5
	vaddss	%xmm5, %xmm7, %xmm5
	vmovaps	%xmm3, %xmm6
	vfmadd213ss	.LCPI3_9(%rip), %xmm5, %xmm6
	vfmadd213ss	.LCPI3_11(%rip), %xmm5, %xmm6
	vfmadd213ss	.LCPI3_12(%rip), %xmm5, %xmm6
	vfmadd213ss	.LCPI3_13(%rip), %xmm5, %xmm6
	vfmadd213ss	%xmm2, %xmm5, %xmm6
	vmulss	%xmm5, %xmm5, %xmm7
	vmulss	%xmm6, %xmm7, %xmm6
	shll	$23, %ecx
	addl	$1056964608, %ecx
	vaddss	%xmm6, %xmm5, %xmm5
	vaddss	%xmm1, %xmm5, %xmm5
	vmovd	%ecx, %xmm6
	vaddss	%xmm5, %xmm5, %xmm5
	vmulss	%xmm6, %xmm5, %xmm5
	vaddss	%xmm1, %xmm5, %xmm5
	vdivss	%xmm5, %xmm1, %xmm6
	vmovss	4(%rax), %xmm5
	vucomiss	%xmm0, %xmm4
	vmovaps	%xmm1, %xmm4
	ja	.LBB3_4
.LBB3_3:
	vmovaps	%xmm6, %xmm4
	vmovss	%xmm4, (%rax)
	vucomiss	%xmm5, %xmm11
	ja	.LBB3_6
.LBB3_5:
	vxorps	%xmm5, %xmm10, %xmm4
	vcmpltss	%xmm11, %xmm5, %xmm6
	vblendvps	%xmm6, %xmm12, %xmm4, %xmm4
	vcmpltss	%xmm5, %xmm0, %xmm6
	vblendvps	%xmm6, %xmm13, %xmm4, %xmm4
	vmulss	%xmm4, %xmm14, %xmm6
	vaddss	%xmm2, %xmm6, %xmm6
	vroundss	$9, %xmm6, %xmm6, %xmm6
	vcvttss2si	%xmm6, %ecx
	shll	$23, %ecx
	addl	$1056964608, %ecx
	vmulss	%xmm6, %xmm8, %xmm7
	vmulss	%xmm6, %xmm9, %xmm6
	vsubss	%xmm6, %xmm4, %xmm4
	vaddss	%xmm4, %xmm7, %xmm4
	vfmadd213ss	.LCPI3_9(%rip), %xmm4, %xmm3
	vfmadd213ss	.LCPI3_11(%rip), %xmm4, %xmm3
	vfmadd213ss	.LCPI3_12(%rip), %xmm4, %xmm3
	vfmadd213ss	.LCPI3_13(%rip), %xmm4, %xmm3
	vfmadd213ss	%xmm2, %xmm4, %xmm3
	vmulss	%xmm4, %xmm4, %xmm2
	vmulss	%xmm3, %xmm2, %xmm2
	vaddss	%xmm2, %xmm4, %xmm2
	vaddss	%xmm1, %xmm2, %xmm2
	vmovd	%ecx, %xmm3
	vaddss	%xmm2, %xmm2, %xmm2
	vmulss	%xmm3, %xmm2, %xmm2
	vaddss	%xmm1, %xmm2, %xmm2
	vdivss	%xmm2, %xmm1, %xmm15
	vucomiss	%xmm0, %xmm5
	ja	.LBB3_8
.LBB3_7:
	vmovaps	%xmm15, %xmm1
	vmovss	%xmm1, 4(%rax)
	retq
.Lfunc_end3:
	.size	k3_prob, .Lfunc_end3-k3_prob

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI4_0:
	.long	0xc2c80000
.LCPI4_1:
	.long	0x3f800000
.LCPI4_2:
	.long	0x2b8cbccc
.LCPI4_3:
	.long	0x3f000000
.LCPI4_4:
	.long	0xbf000000
	.text
	.globl	k4_d_prob
	.p2align	4, 0x90
	.type	k4_d_prob,@function
k4_d_prob:
	pushq	%r15
	pushq	%r14
	pushq	%r12
	pushq	%rbx
	subq	$24, %rsp
	movq	112(%rdi), %rbx
	movq	144(%rdi), %r14
	movq	8(%rdi), %r15
	movq	96(%rdi), %r12
	vmovss	(%r15), %xmm0
	vmovss	%xmm0, (%rsp)
	vmovss	(%r12), %xmm0
	vmovss	%xmm0, 4(%rsp)
	callq	logf@PLT
	vmaxss	.LCPI4_0(%rip), %xmm0, %xmm0
	vmovss	(%rsp), %xmm1
	vmulss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 16(%rsp)
	vmovss	.LCPI4_1(%rip), %xmm0
	vsubss	%xmm1, %xmm0, %xmm1
	vmovss	%xmm1, 12(%rsp)
	vsubss	4(%rsp), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rsp)
	callq	logf@PLT
	vmaxss	.LCPI4_0(%rip), %xmm0, %xmm0
	vmulss	12(%rsp), %xmm0, %xmm0
	vaddss	16(%rsp), %xmm0, %xmm0
	vmovss	%xmm0, 16(%rsp)
	vmovss	4(%rsp), %xmm1
	vsubss	(%rsp), %xmm1, %xmm0
	vmulss	8(%rsp), %xmm1, %xmm1
	vmaxss	.LCPI4_2(%rip), %xmm1, %xmm2
	vdivss	%xmm2, %xmm0, %xmm0
	vmulss	.LCPI4_3(%rip), %xmm0, %xmm0
	vmulss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, (%r14)
	vmovss	4(%r15), %xmm0
	vmovss	%xmm0, (%rsp)
	vmovss	4(%r12), %xmm0
	vmovss	%xmm0, 4(%rsp)
	callq	logf@PLT
	vmaxss	.LCPI4_0(%rip), %xmm0, %xmm0
	vmovss	(%rsp), %xmm1
	vmulss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 12(%rsp)
	vmovss	.LCPI4_1(%rip), %xmm0
	vsubss	%xmm1, %xmm0, %xmm1
	vmovss	%xmm1, 20(%rsp)
	vsubss	4(%rsp), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rsp)
	callq	logf@PLT
	vmaxss	.LCPI4_0(%rip), %xmm0, %xmm0
	vmulss	20(%rsp), %xmm0, %xmm0
	vaddss	12(%rsp), %xmm0, %xmm0
	vaddss	16(%rsp), %xmm0, %xmm0
	vmovss	4(%rsp), %xmm2
	vsubss	(%rsp), %xmm2, %xmm1
	vmulss	8(%rsp), %xmm2, %xmm2
	vmaxss	.LCPI4_2(%rip), %xmm2, %xmm3
	vdivss	%xmm3, %xmm1, %xmm1
	vmulss	.LCPI4_3(%rip), %xmm1, %xmm1
	vmulss	%xmm1, %xmm2, %xmm1
	vmovss	%xmm1, 4(%r14)
	vmulss	.LCPI4_4(%rip), %xmm0, %xmm0
	vmovss	%xmm0, (%rbx)
	addq	$24, %rsp
	popq	%rbx
	popq	%r12
	popq	%r14
	popq	%r15
	retq
.Lfunc_end4:
	.size	k4_d_prob, .Lfunc_end4-k4_d_prob

	.globl	k5_d_head
	.p2align	4, 0x90
	.type	k5_d_head,@function
k5_d_head:
	movq	80(%rdi), %rax
	movq	144(%rdi), %rcx
	vmovss	(%rcx), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	movq	152(%rdi), %rdx
	vmovss	%xmm0, (%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	4(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	8(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 12(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	4(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 16(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	8(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 20(%rdx)
	retq
.Lfunc_end5:
	.size	k5_d_head, .Lfunc_end5-k5_d_head

	.globl	k6_d_head_1
	.p2align	4, 0x90
	.type	k6_d_head_1,@function
k6_d_head_1:
	movq	56(%rdi), %rax
	movq	144(%rdi), %rcx
	movq	160(%rdi), %rdx
	movl	$0, 8(%rdx)
	movq	$0, (%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vxorps	%xmm1, %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	(%rcx), %xmm2
	vmulss	4(%rax), %xmm2, %xmm2
	vaddss	%xmm1, %xmm2, %xmm2
	vmovss	%xmm2, 4(%rdx)
	vmovss	(%rcx), %xmm3
	vmulss	8(%rax), %xmm3, %xmm3
	vaddss	%xmm1, %xmm3, %xmm1
	vmovss	%xmm1, 8(%rdx)
	vmovss	4(%rcx), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	16(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	20(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 8(%rdx)
	retq
.Lfunc_end6:
	.size	k6_d_head_1, .Lfunc_end6-k6_d_head_1

	.globl	k7_d_head_2
	.p2align	4, 0x90
	.type	k7_d_head_2,@function
k7_d_head_2:
	movq	144(%rdi), %rax
	movq	168(%rdi), %rcx
	movl	$0, (%rcx)
	vmovss	4(%rax), %xmm0
	vaddss	(%rax), %xmm0, %xmm0
	vxorps	%xmm1, %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, (%rcx)
	retq
.Lfunc_end7:
	.size	k7_d_head_2, .Lfunc_end7-k7_d_head_2

	.globl	k8_d_enc2_1
	.p2align	4, 0x90
	.type	k8_d_enc2_1,@function
k8_d_enc2_1:
	movq	24(%rdi), %rax
	movq	192(%rdi), %rcx
	movq	216(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, 64(%rdx)
	vmovups	%ymm0, 32(%rdx)
	vmovups	%ymm0, (%rdx)
	movl	$8, %esi
	.p2align	4, 0x90
.LBB8_1:
	vmovss	-8(%rcx,%rsi), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx,%rsi), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm1
	vmulss	4(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx,%rsi), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm2
	vmulss	8(%rax), %xmm2, %xmm2
	vaddss	(%rdx,%rsi), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	20(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm3
	vmulss	24(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	28(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	32(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx,%rsi)
	addq	$12, %rsi
	cmpq	$104, %rsi
	jne	.LBB8_1
	vzeroupper
	retq
.Lfunc_end8:
	.size	k8_d_enc2_1, .Lfunc_end8-k8_d_enc2_1

	.globl	k9_d_enc2_4
	.p2align	4, 0x90
	.type	k9_d_enc2_4,@function
k9_d_enc2_4:
	movq	40(%rdi), %rax
	movq	192(%rdi), %rcx
	movq	240(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, (%rdx)
	movl	$0, 32(%rdx)
	addq	$8, %rdx
	movq	$-3, %rsi
	.p2align	4, 0x90
.LBB9_1:
	vmovss	12(%rcx,%rsi,4), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm1
	vmulss	4(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm2
	vmulss	8(%rax), %xmm2, %xmm2
	vaddss	(%rdx), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	20(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	24(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	28(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	32(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	36(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	40(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	44(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	48(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	52(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	56(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	60(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	64(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	68(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	72(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	76(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	80(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm3
	vmulss	84(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	88(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	92(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx)
	addq	$12, %rdx
	incq	%rsi
	jne	.LBB9_1
	vzeroupper
	retq
.Lfunc_end9:
	.size	k9_d_enc2_4, .Lfunc_end9-k9_d_enc2_4

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI10_0:
	.long	0x3f800000
	.text
	.globl	k10_d_enc
	.p2align	4, 0x90
	.type	k10_d_enc,@function
k10_d_enc:
	movq	40(%rdi), %rax
	movq	200(%rdi), %rcx
	movq	216(%rdi), %rdx
	leaq	96(%rcx), %rdi
	leaq	96(%rdx), %rsi
	leaq	96(%rax), %r8
	cmpq	%rsi, %rcx
	setb	%r9b
	cmpq	%rdi, %rdx
	setb	%r10b
	cmpq	%r8, %rcx
	setb	%sil
	cmpq	%rdi, %rax
	setb	%dil
	testb	%r10b, %r9b
	jne	.LBB10_4
	andb	%dil, %sil
	jne	.LBB10_4
	xorl	%esi, %esi
	vbroadcastss	.LCPI10_0(%rip), %ymm0
	.p2align	4, 0x90
.LBB10_3:
	vmovups	(%rcx,%rsi,4), %ymm1
	vaddps	(%rdx,%rsi,4), %ymm1, %ymm1
	vmovups	(%rax,%rsi,4), %ymm2
	vmulps	%ymm2, %ymm2, %ymm2
	vsubps	%ymm2, %ymm0, %ymm2
	vmulps	%ymm2, %ymm1, %ymm1
	vmovups	%ymm1, (%rcx,%rsi,4)
	addq	$8, %rsi
	cmpq	$24, %rsi
	jne	.LBB10_3
	jmp	.LBB10_6
.LBB10_4:
	xorl	%esi, %esi
	vmovss	.LCPI10_0(%rip), %xmm0
	.p2align	4, 0x90
.LBB10_5:
	vmovss	(%rcx,%rsi,4), %xmm1
	vaddss	(%rdx,%rsi,4), %xmm1, %xmm1
	vmovss	(%rax,%rsi,4), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, (%rcx,%rsi,4)
	incq	%rsi
	cmpq	$24, %rsi
	jne	.LBB10_5
.LBB10_6:
	vzeroupper
	retq
.Lfunc_end10:
	.size	k10_d_enc, .Lfunc_end10-k10_d_enc

	.globl	k11_d_enc_3
	.p2align	4, 0x90
	.type	k11_d_enc_3,@function
k11_d_enc_3:
	movq	(%rdi), %rax
	movq	200(%rdi), %rcx
	movq	280(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, (%rdx)
	movl	$0, 32(%rdx)
	addq	$8, %rdx
	movq	$-3, %rsi
	.p2align	4, 0x90
.LBB11_1:
	vmovss	12(%rcx,%rsi,4), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm1
	vmulss	4(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm2
	vmulss	8(%rax), %xmm2, %xmm2
	vaddss	(%rdx), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	20(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	24(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	28(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	32(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	36(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	40(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	44(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	48(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	52(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	56(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	60(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	64(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	68(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	72(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	76(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	80(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm3
	vmulss	84(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	88(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	92(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx)
	addq	$12, %rdx
	incq	%rsi
	jne	.LBB11_1
	vzeroupper
	retq
.Lfunc_end11:
	.size	k11_d_enc_3, .Lfunc_end11-k11_d_enc_3

	.globl	k12_d_enc_4
	.p2align	4, 0x90
	.type	k12_d_enc_4,@function
k12_d_enc_4:
	movq	200(%rdi), %rax
	movq	288(%rdi), %rcx
	movl	$0, 8(%rcx)
	movq	$0, (%rcx)
	vxorps	%xmm0, %xmm0, %xmm0
	vaddss	(%rax), %xmm0, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	4(%rax), %xmm0, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	8(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	12(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	16(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	20(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	24(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	28(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	32(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	36(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	40(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	44(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	48(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	52(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	56(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	60(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	64(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	68(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	72(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	76(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	80(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	84(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	88(%rax), %xmm2, %xmm1
	vmovss	%xmm1, 4(%rcx)
	vaddss	92(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	retq
.Lfunc_end12:
	.size	k12_d_enc_4, .Lfunc_end12-k12_d_enc_4

	.globl	k13_d_enc_5
	.p2align	4, 0x90
	.type	k13_d_enc_5,@function
k13_d_enc_5:
	movq	240(%rdi), %rax
	movq	280(%rdi), %rcx
	xorl	%edx, %edx
	.p2align	4, 0x90
.LBB13_1:
	vmovss	(%rax,%rdx,4), %xmm0
	vaddss	(%rcx,%rdx,4), %xmm0, %xmm0
	vmovss	%xmm0, (%rax,%rdx,4)
	incq	%rdx
	cmpq	$9, %rdx
	jne	.LBB13_1
	retq
.Lfunc_end13:
	.size	k13_d_enc_5, .Lfunc_end13-k13_d_enc_5

	.section	".note.GNU-stack","",@progbits
